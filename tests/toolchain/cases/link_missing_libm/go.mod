module example.com/link_missing_libm

go 1.19
