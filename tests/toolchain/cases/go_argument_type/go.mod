module example.com/go_argument_type

go 1.19
