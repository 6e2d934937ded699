module example.com/go_cstring_leak

go 1.19
