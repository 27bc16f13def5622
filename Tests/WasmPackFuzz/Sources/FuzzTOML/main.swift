import FuzzSupport

FuzzDriver.run { data, size in FuzzDriver.withInput(data, size, fuzz) }
