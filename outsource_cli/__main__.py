from outsource_cli.cli import main

main()
