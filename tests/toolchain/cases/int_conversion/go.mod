module example.com/int_conversion

go 1.19
