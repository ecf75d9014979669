from plantool.cli import run

run()
