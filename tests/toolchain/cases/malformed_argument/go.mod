module example.com/malformed_argument

go 1.19
