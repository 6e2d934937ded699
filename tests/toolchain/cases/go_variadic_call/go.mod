module example.com/go_variadic_call

go 1.19
