module example.com/condition_never

go 1.19
