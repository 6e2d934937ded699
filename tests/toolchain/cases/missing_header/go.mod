module example.com/missing_header

go 1.19
