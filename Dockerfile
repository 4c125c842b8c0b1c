# Tandem's services from source: one image, the service chosen by TANDEM_SERVICE (coordinator, agent).
FROM node:20-bookworm-slim
WORKDIR /opt/tandem
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts && npm cache clean --force
COPY .swcrc tsconfig.base.json ./
COPY scripts/register.cjs scripts/
COPY libs libs
COPY apps apps
RUN groupadd --system tandem && useradd --system --gid tandem --home /var/lib/tandem tandem \
  && mkdir -p /var/lib/tandem/agent && chown -R tandem:tandem /var/lib/tandem
USER tandem
ENV TANDEM_SERVICE=coordinator TANDEM_HTTP_PORT=8080
EXPOSE 8080
CMD ["sh", "-c", "exec node -r ./scripts/register.cjs apps/${TANDEM_SERVICE}/src/main.ts"]
