module example.com/ok_builtin_names

go 1.19
