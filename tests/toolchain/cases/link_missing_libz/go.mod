module example.com/link_missing_libz

go 1.19
