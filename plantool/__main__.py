from plantool.cli import main

main()
