module example.com/link_flags_correct

go 1.19
