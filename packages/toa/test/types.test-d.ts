/** Compile-time checks (run by `npm run typecheck`): the public types fit the core's and Node's. */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { ClientAddress } from '@realip/core';
import {
  acceptProxyProtocol,
  getConnectionInfo,
  toa,
  type Layer4Client,
  type ProxyParseResult,
} from '@realip/toa';

// A layer-4 answer is a core answer: code written for ClientAddress takes it as is.
const asCore = (client: Layer4Client): ClientAddress => client;

// toa() returns what net.createServer expects, and types the listener's arguments.
net.createServer(
  toa({ trust: '10.0.0.0/8', proxyProtocol: 'required' }, (socket, client) => {
    socket satisfies net.Socket;
    asCore(client).ip satisfies string | undefined;
    client.status satisfies 'direct' | 'proxy-protocol' | 'proxy-local' | 'toa-not-effective';
  }),
);

// acceptProxyProtocol keeps the server's own type.
acceptProxyProtocol(http.createServer()) satisfies http.Server;
acceptProxyProtocol(https.createServer({})) satisfies https.Server;

// getConnectionInfo takes a socket or a request.
declare const req: http.IncomingMessage;
getConnectionInfo(req) satisfies Layer4Client | undefined;
getConnectionInfo(req.socket) satisfies Layer4Client | undefined;

// Parse results narrow on `state`.
declare const parsed: ProxyParseResult;
if (parsed.state === 'complete') parsed.header.length satisfies number;
if (parsed.state === 'invalid') parsed.reason satisfies 'malformed' | 'too-large';

// @ts-expect-error: proxyProtocol takes only the three modes
toa({ proxyProtocol: 'v2' }, () => undefined);
