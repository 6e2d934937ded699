module example.com/go_argument_file_types

go 1.19
