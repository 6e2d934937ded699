module example.com/ld_classic_as_library

go 1.19
