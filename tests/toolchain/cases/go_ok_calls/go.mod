module example.com/go_ok_calls

go 1.19
