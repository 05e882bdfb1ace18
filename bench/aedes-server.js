// Aedes (Node.js) for bench/compare.sh: node bench/aedes-server.js PORT
// In-memory persistence and emitter (Aedes's defaults), plain TCP on 127.0.0.1.
// Aedes is installed by compare.sh into bench/.aedes (AEDES_DIR overrides).
'use strict'
const net = require('node:net')
const path = require('node:path')
const { pathToFileURL } = require('node:url')

const port = Number(process.argv[2] || 1883)
const dir = process.env.AEDES_DIR || path.join(__dirname, '.aedes')

async function main () {
  const entry = pathToFileURL(path.join(dir, 'node_modules', 'aedes', 'aedes.js'))
  const mod = await import(entry.href)
  // aedes >= 1.0: Aedes.createBroker(); older releases: a factory as the default export.
  const broker = mod.Aedes ? await mod.Aedes.createBroker() : mod.default()
  const server = net.createServer(broker.handle)
  server.listen(port, '127.0.0.1', () => console.log(`aedes listening on 127.0.0.1:${port}`))
  const stop = () => server.close(() => broker.close(() => process.exit(0)))
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
