module example.com/function_pointer_types

go 1.19
