module example.com/library_too_old

go 1.19
