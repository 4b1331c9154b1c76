// README: workflow-test
