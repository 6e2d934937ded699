module example.com/ok_exclusive_definitions

go 1.19
