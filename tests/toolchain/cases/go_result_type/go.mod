module example.com/go_result_type

go 1.19
