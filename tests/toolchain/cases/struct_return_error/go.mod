module example.com/struct_return_error

go 1.19
