module example.com/export_definitions

go 1.19
