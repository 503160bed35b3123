from orgmodel.cli import main

main()
