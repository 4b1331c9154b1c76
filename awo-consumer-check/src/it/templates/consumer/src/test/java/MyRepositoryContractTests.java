// README: kit-test
