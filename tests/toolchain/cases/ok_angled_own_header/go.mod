module example.com/ok_angled_own_header

go 1.19
