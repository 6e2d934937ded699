module example.com/duplicate_flags

go 1.19
