module example.com/go_struct_field

go 1.19
