module example.com/ok_conditional

go 1.19
