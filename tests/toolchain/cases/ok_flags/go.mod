module example.com/ok_flags

go 1.19
