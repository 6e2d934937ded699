module example.com/package_wide_flags

go 1.19
