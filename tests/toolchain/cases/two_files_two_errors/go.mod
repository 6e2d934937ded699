module example.com/two_files_two_errors

go 1.19
