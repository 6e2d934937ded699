module example.com/go_argument_count

go 1.19
