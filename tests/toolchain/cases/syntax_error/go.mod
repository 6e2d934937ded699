module example.com/syntax_error

go 1.19
