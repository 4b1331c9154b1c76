// The build failed; make sure it failed because the kit caught the broken repository.
def log = new File(basedir, 'build.log').text
assert !log.contains('COMPILATION ERROR') : 'the broken consumer failed to compile instead of failing the kit'
assert log.contains('lowerVersionIgnored') : 'the kit did not report lowerVersionIgnored for the regressing repository'
assert log =~ /Tests run: \d+, Failures: [1-9]/ : 'no failing tests in the broken consumer build'
println '[consumer-broken-repository] the kit failed the build, as it must'
return true
