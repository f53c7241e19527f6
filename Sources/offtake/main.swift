import OfftakeCLI

Offtake.main()
