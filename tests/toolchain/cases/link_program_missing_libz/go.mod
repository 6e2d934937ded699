module example.com/link_program_missing_libz

go 1.19
