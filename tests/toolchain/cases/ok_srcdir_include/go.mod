module example.com/ok_srcdir_include

go 1.19
