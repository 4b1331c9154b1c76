// The build passed; make sure it passed by running the tests, not by finding none.
def log = new File(basedir, 'build.log').text
def totals = (log =~ /(?m)Tests run: (\d+), Failures: 0, Errors: 0, Skipped: 0$/)
assert totals.find() : 'no surefire summary without failures in the consumer build'
def run = (totals[totals.count - 1][1] as int)
// 18 step-history kit tests + 12 work-order kit tests + the workflow test + 2 JDBC snippet tests
assert run >= 33 : "only ${run} tests ran in the consumer build; expected both kits, the workflow test and the JDBC snippets"
['ReviewWorkflowTest', 'ReadmeJdbcSnippetsTest', 'MyStepHistoryRepositoryTest', 'MyWorkOrderRepositoryTest'].each {
  assert log.contains(it) : "the consumer build did not run ${it}"
}
println "[consumer] ${run} tests passed"
return true
