module example.com/ok_bool_and_implicit_tags

go 1.19
