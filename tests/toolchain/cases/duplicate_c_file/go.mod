module example.com/duplicate_c_file

go 1.19
