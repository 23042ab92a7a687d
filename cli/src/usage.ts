export const USAGE = `usage: npx daytwo <command> [options]

Commands:
  status                      every stage's throughput, consumer lag per group and topic, dead-letter counts,
                              Elasticsearch and Prometheus write rates and errors, alerts queued and failed
      --watch                 refresh every --interval until Ctrl-C
      --interval <seconds>    between the two looks the rates come from (default 2)
  dlq list                    dead-letter entries (topic and Elasticsearch index) counted by stage and reason,
                              then the newest ones
      --reason <r> --stage <s> --store <kafka|es|all> --limit <n>
  dlq show <id>               one entry with its raw record
  dlq replay <id>...          send the records back to the stage that failed on them (after a fix); they keep
                              their ids, so a replay never stores anything twice
      --reason <r> --stage <s> --store <kafka|es|all>   replay every entry chosen this way instead of ids
      --all                   replay every entry; --dry-run shows what would be sent
  alerts list                 failed alert deliveries with the receiver's answer
  alerts retry <id>...|--all  deliver them again (the running alerter does)

Where things are (flags win over env, env over the config file, the file over the defaults of npm start):
  --config <file>             CLI config (or DAYTWO_CLI_CONFIG); keys: kafka, topicPrefix, services,
                              elasticsearch {url, indexPrefix}, alerter {redis {url, prefix}, destinations}
  --brokers <host:port,...>   Kafka (DAYTWO_KAFKA_BROKERS; default 127.0.0.1:9092)
  --topic-prefix <prefix>     the services' topicPrefix (default none)
  --endpoint <service>=<url>  a service's telemetry endpoint, repeatable (defaults: 127.0.0.1:9464-9468 in the
                              order collector-logs, collector-metrics, processor, sink, alerter)
  --es <url>                  Elasticsearch (DAYTWO_ES_URL) and --index-prefix <prefix> (default daytwo)
  --redis <url>               the alerter's Redis (DAYTWO_REDIS_URL) and --alerter-prefix <prefix>
  --destination <name>        an alerter destination, repeatable (default: every queue found in Redis)
  --json                      machine-readable output
`;
