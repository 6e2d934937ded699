module example.com/invalid_flag_plugin

go 1.19
