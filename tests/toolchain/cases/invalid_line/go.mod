module example.com/invalid_line

go 1.19
