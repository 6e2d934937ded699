module example.com/ok_basic

go 1.19
