module example.com/error_in_local_header

go 1.19
