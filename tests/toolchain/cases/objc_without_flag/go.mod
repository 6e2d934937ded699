module example.com/objc_without_flag

go 1.19
