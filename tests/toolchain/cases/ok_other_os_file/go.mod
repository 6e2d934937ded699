module example.com/ok_other_os_file

go 1.19
