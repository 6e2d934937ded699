module example.com/invalid_flag_ld_classic

go 1.19
