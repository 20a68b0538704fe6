// CommonJS: `require()` works as well as `import`. Every package ships a CommonJS build next to
// its ES modules (package.json "exports": "require"), so an app without "type": "module" uses it
// as is. Run from the repository root after `npm ci` (which builds the packages):
//
//   node examples/commonjs.cjs          # then: curl -s -H 'X-Forwarded-For: 198.51.100.9' http://127.0.0.1:3005/
//
// test/commonjs-example.test.ts runs this file with plain node and checks its answers.
const express = require('express');
const { realIp } = require('@realip/express');

const app = express();
app.use(realIp({ trust: 'loopback', protocol: true }));
app.get('/', (req, res) => {
  res.json({ ip: req.ip, protocol: req.protocol, realIp: req.realIp });
});

const server = app.listen(Number(process.env.PORT ?? 3005), '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}/ (CommonJS)`);
});
