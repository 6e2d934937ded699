module example.com/ok_export_static

go 1.19
